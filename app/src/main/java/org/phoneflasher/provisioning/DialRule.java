package org.phoneflasher.provisioning;

/**
 * One {@code <TEMPLATE MATCH=… Timeout=… Rewrite=…/>} of dialplan.xml: when the digits dialled match, the phone
 * waits {@code timeout} seconds for more and then dials (rewritten, if {@code rewrite} is not empty).
 */
public record DialRule(String match, int timeout, String rewrite) {
    /** Anything, sent five seconds after the last digit: a phone with this dial plan can call every number. */
    public static final DialRule PERMISSIVE = new DialRule("*", 5, "");
}
