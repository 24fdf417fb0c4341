package com.example.tinyapp.util;

/** Small text helpers of the tiny library. */
public final class Texts {
    private Texts() {}

    public static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
