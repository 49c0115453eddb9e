package org.phoneflasher.files;

/** One place names can come from: the stick, the firmware cache, the configs the box generates. */
public interface ContentSource {

    /** {@link Resolution.NotFound} lets the resolver ask the next source. */
    Resolution find(RequestPath path);
}
