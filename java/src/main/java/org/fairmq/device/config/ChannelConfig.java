package org.fairmq.device.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channels of one device read from a configuration (PROTOCOL.md 6.2): channel name to its
 * ordered sub-channels. Names are sorted as in the reference's std::map. Immutable.
 */
public final class ChannelConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelConfig.class);

    private final Map<String, List<SubChannelSpec>> channels;

    private ChannelConfig(Map<String, List<SubChannelSpec>> channels) {
        Map<String, List<SubChannelSpec>> copy = new TreeMap<>();
        channels.forEach((name, subs) -> copy.put(name, List.copyOf(subs)));
        this.channels = Collections.unmodifiableMap(copy);
    }

    public static ChannelConfig empty() {
        return new ChannelConfig(Map.of());
    }

    public Map<String, List<SubChannelSpec>> channels() {
        return channels;
    }

    /**
     * The channels of the device entries that match {@code selector} (their {@code key} if
     * non-empty, else their {@code id}) in a JSON configuration (6.2.1); first insertion of a
     * channel name wins. {@code source} names the file or option in errors.
     */
    public static ChannelConfig fromJson(String json, String selector, String source) {
        PropertyTree options = PropertyTree.fromJson(json, source).first("fairMQOptions");
        if (options == null) {
            throw new ConfigException(source + ": no \"fairMQOptions\" root key");
        }
        Map<String, List<SubChannelSpec>> found = new HashMap<>();
        for (PropertyTree device : itemsOf(options, "devices", "device")) {
            String id = device.text("id");
            String key = device.text("key");
            if ((id == null || id.isEmpty()) && (key == null || key.isEmpty())) {
                throw new ConfigException(source + ": a device entry has neither \"id\" nor \"key\"");
            }
            String match = key != null && !key.isEmpty() ? key : id;
            if (!match.equals(selector)) {
                continue;
            }
            for (PropertyTree channel : itemsOf(device, "channels", "channel")) {
                String where = source + ": device \"" + match + "\"";
                String name = channel.text("name");
                if (name == null || name.isEmpty()) {
                    throw new ConfigException(where + ": a channel has no \"name\"");
                }
                found.putIfAbsent(name, jsonSubChannels(channel, where + ", channel \"" + name + "\""));
            }
        }
        return new ChannelConfig(found);
    }

    private static List<SubChannelSpec> jsonSubChannels(PropertyTree channel, String where) {
        SubChannelSpec common = SubChannelSpec.defaults().with(scalars(channel), where);
        String numSockets = channel.text("numSockets");
        int count = 0;
        if (numSockets != null) {
            try {
                count = Integer.parseInt(numSockets.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(where + ": key \"numSockets\" must be an integer, got \"" + numSockets + "\"");
            }
        }
        List<SubChannelSpec> subs = new ArrayList<>();
        if (count > 0) {
            for (int i = 0; i < count; i++) {
                subs.add(common);
            }
            return subs;
        }
        List<PropertyTree> sockets = itemsOf(channel, "sockets", "socket");
        for (int i = 0; i < sockets.size(); i++) {
            subs.add(common.with(scalars(sockets.get(i)), where + ", socket " + i));
        }
        if (subs.isEmpty()) {
            subs.add(common);
        }
        return subs;
    }

    /** The channels of {@code <device id="selector">} in an XML configuration (6.2.2). */
    public static ChannelConfig fromXml(String xml, String selector, String source) {
        PropertyTree options = PropertyTree.fromXml(xml, source).first("fairMQOptions");
        if (options == null) {
            throw new ConfigException(source + ": no <fairMQOptions> root element");
        }
        Map<String, List<SubChannelSpec>> found = new HashMap<>();
        for (PropertyTree device : options.all("device")) {
            PropertyTree attributes = device.first("<xmlattr>");
            String id = attributes == null ? null : attributes.text("id");
            if (id == null || !id.equals(selector)) {
                continue;
            }
            for (PropertyTree channel : device.all("channel")) {
                PropertyTree channelAttributes = channel.first("<xmlattr>");
                String name = channelAttributes == null ? null : channelAttributes.text("name");
                String where = source + ": device \"" + id + "\"";
                if (name == null || name.isEmpty()) {
                    throw new ConfigException(where + ": a <channel> has no name attribute");
                }
                List<SubChannelSpec> subs = new ArrayList<>();
                List<PropertyTree> sockets = channel.all("socket");
                for (int i = 0; i < sockets.size(); i++) {
                    subs.add(SubChannelSpec.defaults().with(scalars(sockets.get(i)), where + ", channel \"" + name
                            + "\", socket " + i));
                }
                if (subs.isEmpty()) {
                    subs.add(SubChannelSpec.defaults());
                }
                found.putIfAbsent(name, subs);
            }
        }
        return new ChannelConfig(found);
    }

    /**
     * {@code --channel-config} arguments (6.2.3): each a comma-separated {@code key=value} list
     * adding one sub-channel to the channel {@code name}; parsing stops at a space; unknown keys are
     * ignored; an argument without a name is logged and skipped.
     */
    public static ChannelConfig fromChannelConfigArguments(List<String> arguments) {
        Map<String, List<SubChannelSpec>> found = new HashMap<>();
        for (String argument : arguments) {
            String text = argument.contains(" ") ? argument.substring(0, argument.indexOf(' ')) : argument;
            Map<String, String> values = new HashMap<>();
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            String name = values.get("name");
            if (name == null || name.isEmpty()) {
                LOG.error("missing channel name in argument of option --channel-config");
                continue;
            }
            found.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(SubChannelSpec.defaults().with(values, "--channel-config " + argument));
        }
        return new ChannelConfig(found);
    }

    private static List<PropertyTree> itemsOf(PropertyTree node, String arrayKey, String objectKey) {
        List<PropertyTree> items = new ArrayList<>();
        for (PropertyTree array : node.all(arrayKey)) {
            array.children().forEach(child -> items.add(child.getValue()));
        }
        items.addAll(node.all(objectKey));
        return items;
    }

    private static Map<String, String> scalars(PropertyTree node) {
        Map<String, String> values = new HashMap<>();
        for (String key : SubChannelSpec.KEYS) {
            String text = node.text(key);
            if (text != null) {
                values.put(key, text);
            }
        }
        return values;
    }
}
