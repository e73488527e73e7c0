package org.fairmq.device.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * A tree like Boost's property_tree as the reference reads configurations with it: children in
 * order, keys may repeat ({@code "device": {...}, "device": {...}}), every scalar is text, arrays
 * are children with empty keys, XML attributes are children of {@code <xmlattr>}. Immutable.
 */
public final class PropertyTree {
    private final String value;
    private final List<Map.Entry<String, PropertyTree>> children;

    private PropertyTree(String value, List<Map.Entry<String, PropertyTree>> children) {
        this.value = value;
        this.children = children;
    }

    /** The scalar text of this node ("" for objects and arrays). */
    public String value() {
        return value;
    }

    public List<Map.Entry<String, PropertyTree>> children() {
        return children;
    }

    /** All children with this key, in order. */
    public List<PropertyTree> all(String key) {
        List<PropertyTree> out = new ArrayList<>();
        for (Map.Entry<String, PropertyTree> child : children) {
            if (child.getKey().equals(key)) {
                out.add(child.getValue());
            }
        }
        return out;
    }

    /** The first child with this key, or null. */
    public PropertyTree first(String key) {
        for (Map.Entry<String, PropertyTree> child : children) {
            if (child.getKey().equals(key)) {
                return child.getValue();
            }
        }
        return null;
    }

    /** The text of the first child with this key, or null. */
    public String text(String key) {
        PropertyTree child = first(key);
        return child == null ? null : child.value;
    }

    /** Parses JSON keeping repeated keys; {@code source} names the input in errors. */
    public static PropertyTree fromJson(String json, String source) {
        try (JsonParser parser = new JsonFactory().createParser(new StringReader(json))) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                throw new ConfigException(source + ": not a JSON object");
            }
            return readObject(parser);
        } catch (IOException e) {
            throw new ConfigException(source + ": malformed JSON: " + e.getMessage().split("\n")[0], e);
        }
    }

    private static PropertyTree readObject(JsonParser parser) throws IOException {
        List<Map.Entry<String, PropertyTree>> children = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            children.add(new AbstractMap.SimpleImmutableEntry<>(key, readValue(parser)));
        }
        return new PropertyTree("", List.copyOf(children));
    }

    private static PropertyTree readValue(JsonParser parser) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT:
                return readObject(parser);
            case START_ARRAY: {
                List<Map.Entry<String, PropertyTree>> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(new AbstractMap.SimpleImmutableEntry<>("", readValue(parser)));
                }
                return new PropertyTree("", List.copyOf(items));
            }
            case VALUE_NULL:
                return new PropertyTree("null", List.of());
            default:
                return new PropertyTree(parser.getText(), List.of());
        }
    }

    /** Parses XML: elements become children, attributes children of {@code <xmlattr>}, text the value. */
    public static PropertyTree fromXml(String xml, String source) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
            List<Map.Entry<String, PropertyTree>> top = List.of(new AbstractMap.SimpleImmutableEntry<>(root.getTagName(),
                    fromElement(root)));
            return new PropertyTree("", top);
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(source + ": malformed XML: " + e.getMessage(), e);
        }
    }

    private static PropertyTree fromElement(Element element) {
        List<Map.Entry<String, PropertyTree>> children = new ArrayList<>();
        if (element.getAttributes().getLength() > 0) {
            List<Map.Entry<String, PropertyTree>> attributes = new ArrayList<>();
            for (int i = 0; i < element.getAttributes().getLength(); i++) {
                Node attribute = element.getAttributes().item(i);
                attributes.add(new AbstractMap.SimpleImmutableEntry<>(attribute.getNodeName(),
                        new PropertyTree(attribute.getNodeValue(), List.of())));
            }
            children.add(new AbstractMap.SimpleImmutableEntry<>("<xmlattr>", new PropertyTree("", List.copyOf(attributes))));
        }
        StringBuilder text = new StringBuilder();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element) {
                Element child = (Element) node;
                children.add(new AbstractMap.SimpleImmutableEntry<>(child.getTagName(), fromElement(child)));
            } else if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(node.getNodeValue());
            }
        }
        return new PropertyTree(text.toString().trim(), List.copyOf(children));
    }
}
