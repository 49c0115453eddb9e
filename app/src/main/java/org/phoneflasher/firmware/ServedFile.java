package org.phoneflasher.firmware;

import java.nio.file.Path;

/** A file the box serves: the name a phone asks for (its own spelling), where it is, and which bundle brought it. */
public record ServedFile(String name, Path path, long size, String bundle) {}
