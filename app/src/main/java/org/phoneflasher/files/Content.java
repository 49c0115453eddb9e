package org.phoneflasher.files;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/** Something the box can send under a name: a file on the stick, an unpacked archive entry, a generated config. */
public interface Content {

    /** The name the content is served as (the file's own spelling, which may differ in case from the request). */
    String name();

    long size();

    /** A fresh channel positioned at the start; the caller closes it. Content is streamed, never held whole. */
    ReadableByteChannel open() throws IOException;
}
