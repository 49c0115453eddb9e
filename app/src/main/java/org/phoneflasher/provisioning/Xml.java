package org.phoneflasher.provisioning;

import java.io.ByteArrayOutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A config file written through javax.xml.stream, so every value is escaped by a real XML writer (a display name
 * "R&amp;D &lt;Lab&gt;" cannot break the file), indented like the hand-written files people compare it with.
 * Values were checked when flasher.conf and phones.csv were read; a control character reaching here is a bug, and
 * is refused rather than written into a file no phone could parse.
 */
final class Xml {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final XMLStreamWriter out;
    private int depth;
    /** Whether anything precedes the next element, which then starts on a line of its own. */
    private boolean started;

    private Xml(boolean declaration) {
        try {
            // A factory per file: StAX does not promise a shared one is safe across the TFTP and HTTP threads.
            out = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            if (declaration) {
                out.writeStartDocument("UTF-8", "1.0");
                started = true;
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A document starting with {@code <?xml version="1.0" encoding="UTF-8"?>}, as the seeds' files do. */
    static Xml document() {
        return new Xml(true);
    }

    /** A document without declaration (dialplan.xml, which Cisco's examples write bare). */
    static Xml bare() {
        return new Xml(false);
    }

    Xml open(String name) {
        return open(name, null, null);
    }

    Xml open(String name, String attribute, String value) {
        try {
            indent();
            out.writeStartElement(name);
            if (attribute != null) {
                out.writeAttribute(attribute, checked(attribute, value));
            }
            depth++;
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    Xml close() {
        try {
            depth--;
            indent();
            out.writeEndElement();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <name>value</name>}; an empty value gives {@code <name></name>}, as the seeds have it. */
    Xml leaf(String name, String value) {
        try {
            indent();
            out.writeStartElement(name);
            out.writeCharacters(checked(name, value));
            out.writeEndElement();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code <name attribute="a">value</name>}, as XMLDefault's {@code <loadInformation436 model="Cisco 7965">}. */
    Xml leaf(String name, String attribute, String attributeValue, String value) {
        try {
            indent();
            out.writeStartElement(name);
            out.writeAttribute(attribute, checked(attribute, attributeValue));
            out.writeCharacters(checked(name, value));
            out.writeEndElement();
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    Xml leaf(String name, int value) {
        return leaf(name, Integer.toString(value));
    }

    Xml leaf(String name, boolean value) {
        return leaf(name, Boolean.toString(value));
    }

    /** {@code <name a="1" b="2"/>}, attributes in the order given. */
    Xml empty(String name, String... attributes) {
        try {
            indent();
            out.writeEmptyElement(name);
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                out.writeAttribute(attributes[i], checked(attributes[i], attributes[i + 1]));
            }
            return this;
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] bytes() {
        try {
            out.writeCharacters("\n");
            out.writeEndDocument();
            out.close();
            return bytes.toByteArray();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private void indent() throws XMLStreamException {
        if (started) {
            out.writeCharacters("\n" + "   ".repeat(depth));
        }
        started = true;
    }

    /** Names the element, never the value: the value may be a password. */
    private static String checked(String where, String value) {
        if (value == null) {
            return "";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("<" + where + ">: a value with a control character cannot be written as XML 1.0");
            }
        }
        return value;
    }
}
