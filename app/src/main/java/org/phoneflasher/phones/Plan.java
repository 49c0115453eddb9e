package org.phoneflasher.phones;

/**
 * What the box wants a phone to do next.
 *
 * @param target  the load the phone should end on, or null when the stick has none for its model
 * @param next    the load its config should name now: an intermediate step, the target, or null (nothing to fetch)
 * @param missing what must be added to the stick before the phone can go on, or null
 * @param why     one line for the page
 */
public record Plan(String target, String next, String missing, String why) {}
