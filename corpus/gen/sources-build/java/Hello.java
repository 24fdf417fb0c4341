package com.example.tinyapp;

/** The tiny Java program of the whydiff corpus. */
public class Hello {
    public static int answer() {
        return 41;
    }

    public static void main(String[] args) {
        System.out.println("answer: " + answer());
    }
}
