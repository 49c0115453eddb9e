package org.phoneflasher.files;

import java.util.concurrent.CompletionStage;

/** What a requested name resolves to. */
public sealed interface Resolution {

    record Found(Content content) implements Resolution {}

    record NotFound(String name) implements Resolution {}

    /** The request itself is not allowed (traversal, bad characters, a link out of the stick). */
    record Refused(String name, String reason) implements Resolution {}

    /**
     * Not yet: the answer waits on something in flight for this one requester (its own page, asked before its config
     * is made). Resolve the same name again once {@code ready} completes; meanwhile serve everyone else.
     */
    record Pending(String name, CompletionStage<?> ready) implements Resolution {}
}
