package org.phoneflasher;
public final class Main { public static void main(String[] a) {} }
