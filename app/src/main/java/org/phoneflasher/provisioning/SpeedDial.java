package org.phoneflasher.provisioning;

/** A line button that dials a number: {@code speeddial.6 = 911, Emergency Call}. */
public record SpeedDial(int button, String number, String label) {}
