package com.example.tinyapp;

import com.example.tinyapp.api.Greeter;
import com.example.tinyapp.util.Texts;

/** The tiny Java library of the whydiff jar pairs. */
public class Hello implements Greeter {
    public String greet(String name) {
        return "hello, " + Texts.capitalize(name);
    }

    public static void main(String[] args) {
        System.out.println(new Hello().greet("world"));
    }
}
