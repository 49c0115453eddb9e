package org.phoneflasher.files;

/** What a requested name resolves to. */
public sealed interface Resolution {

    record Found(Content content) implements Resolution {}

    record NotFound(String name) implements Resolution {}

    /** The request itself is not allowed (traversal, bad characters, a link out of the stick). */
    record Refused(String name, String reason) implements Resolution {}
}
