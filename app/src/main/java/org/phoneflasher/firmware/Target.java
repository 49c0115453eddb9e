package org.phoneflasher.firmware;

/**
 * The load the box flashes a model to.
 *
 * @param load     the load's name, or null when the stick has none to offer
 * @param complete whether every component is on the stick and sound
 * @param why      how it was chosen, or what is wrong
 */
public record Target(String model, String load, boolean complete, String why) {}
