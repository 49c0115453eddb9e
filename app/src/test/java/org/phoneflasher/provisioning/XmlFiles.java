package org.phoneflasher.provisioning;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Test helpers: parse a generated file with a real XML parser and flatten it to element paths and values. */
final class XmlFiles {
    private XmlFiles() {}

    static Document parse(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Every leaf element: "device/sipProfile/sipLines/line[button=1]/name" → "office". */
    static Map<String, String> leaves(byte[] bytes) {
        Map<String, String> out = new LinkedHashMap<>();
        walk(parse(bytes).getDocumentElement(), "", out);
        return out;
    }

    private static void walk(Element element, String prefix, Map<String, String> out) {
        String name = prefix + element.getTagName();
        for (String attribute : List.of("button", "priority", "model")) {
            if (element.hasAttribute(attribute)) {
                name += "[" + attribute + "=" + element.getAttribute(attribute) + "]";
            }
        }
        List<Element> children = new ArrayList<>();
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                children.add((Element) nodes.item(i));
            }
        }
        if (children.isEmpty()) {
            String previous = out.put(name, element.getTextContent().strip());
            if (previous != null) {
                throw new AssertionError("two elements at " + name);
            }
            return;
        }
        for (Element child : children) {
            walk(child, name + "/", out);
        }
    }

    static String text(byte[] bytes, String tag) {
        NodeList nodes = parse(bytes).getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}
