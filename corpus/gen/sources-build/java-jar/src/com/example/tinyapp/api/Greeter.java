package com.example.tinyapp.api;

/** What the tiny library offers. */
public interface Greeter {
    String greet(String name);
}
