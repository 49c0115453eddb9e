package org.phoneflasher.web;

import org.phoneflasher.phones.PhoneText;

/** A {@link PhoneText.Screen} as the CiscoIPPhoneText XML object the phones render. */
final class PhoneXml {
    private PhoneXml() {}

    static String of(PhoneText.Screen screen) {
        return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<CiscoIPPhoneText>\n"
                + "<Title>" + escape(screen.title()) + "</Title>\n"
                + "<Prompt>" + escape(screen.prompt()) + "</Prompt>\n"
                + "<Text>" + escape(screen.text()) + "</Text>\n"
                + "</CiscoIPPhoneText>\n";
    }

    /** The phones' XML parser knows the five predefined entities and nothing else. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
