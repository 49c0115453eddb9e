package org.phoneflasher.files;

import java.net.InetAddress;

/** One place names can come from: the stick, the firmware cache, the configs the box generates. */
public interface ContentSource {

    /**
     * {@link Resolution.NotFound} lets the resolver ask the next source. {@code from} is who asked: a source whose
     * content is meant for one device only (a config holding a password) decides by it.
     */
    Resolution find(RequestPath path, InetAddress from);
}
