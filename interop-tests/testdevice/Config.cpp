#include "Config.h"

#include "Json.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace interop::testdevice
{

namespace
{

// "devices": [...] and/or repeated "device": {...} (and likewise for channels and sockets).
std::vector<const JsonValue*> entries(const JsonValue& parent, const std::string& plural, const std::string& singular)
{
    std::vector<const JsonValue*> out;
    for (const JsonValue* list : parent.all(plural)) {
        for (const JsonValue& item : list->items) {
            out.push_back(&item);
        }
    }
    for (const JsonValue* item : parent.all(singular)) {
        out.push_back(item);
    }
    return out;
}

std::string text(const JsonValue& object, const std::string& key, const std::string& fallback)
{
    const JsonValue* v = object.find(key);
    return v != nullptr ? v->scalar() : fallback;
}

int number(const JsonValue& object, const std::string& key, int fallback)
{
    const JsonValue* v = object.find(key);
    if (v == nullptr) {
        return fallback;
    }
    try {
        return std::stoi(v->scalar());
    } catch (const std::logic_error&) {
        throw ConfigError("\"" + key + "\" is not a number: \"" + v->scalar() + "\"");
    }
}

// The nine sub-channel properties: `from` overrides `base`.
SubChannelSpec properties(const JsonValue& from, SubChannelSpec base)
{
    base.type = text(from, "type", base.type);
    base.method = text(from, "method", base.method);
    base.address = text(from, "address", base.address);
    base.transport = text(from, "transport", base.transport);
    base.sndBufSize = number(from, "sndBufSize", base.sndBufSize);
    base.rcvBufSize = number(from, "rcvBufSize", base.rcvBufSize);
    base.sndKernelSize = number(from, "sndKernelSize", base.sndKernelSize);
    base.rcvKernelSize = number(from, "rcvKernelSize", base.rcvKernelSize);
    base.rateLogging = number(from, "rateLogging", base.rateLogging);
    return base;
}

void addChannel(const JsonValue& channel, std::vector<SubChannelSpec>& out)
{
    SubChannelSpec common;
    common.channel = text(channel, "name", "");
    if (common.channel.empty()) {
        throw ConfigError("a channel without \"name\"");
    }
    common = properties(channel, common);
    const int numSockets = number(channel, "numSockets", 0);
    const std::vector<const JsonValue*> sockets = entries(channel, "sockets", "socket");
    if (numSockets > 0 || sockets.empty()) {
        for (int i = 0; i < std::max(numSockets, 1); ++i) {
            common.index = i;
            out.push_back(common);
        }
        return;
    }
    int index = 0;
    for (const JsonValue* socket : sockets) {
        SubChannelSpec sub = properties(*socket, common);
        sub.index = index++;
        out.push_back(sub);
    }
}

} // namespace

std::vector<SubChannelSpec> readChannels(const std::string& path, const std::string& selector)
{
    std::ifstream file(path);
    if (!file) {
        throw ConfigError(path + ": cannot read the file");
    }
    std::stringstream content;
    content << file.rdbuf();
    try {
        const JsonValue root = parseJson(content.str());
        const JsonValue* options = root.find("fairMQOptions");
        if (options == nullptr) {
            throw ConfigError("no \"fairMQOptions\" object");
        }
        std::vector<SubChannelSpec> out;
        std::set<std::string> seen;
        for (const JsonValue* device : entries(*options, "devices", "device")) {
            const std::string key = text(*device, "key", "");
            if ((key.empty() ? text(*device, "id", "") : key) != selector) {
                continue;
            }
            for (const JsonValue* channel : entries(*device, "channels", "channel")) {
                const std::string name = text(*channel, "name", "");
                if (seen.insert(name).second) {
                    addChannel(*channel, out);
                }
            }
        }
        return out;
    } catch (const std::runtime_error& e) {
        throw ConfigError(path + ": " + e.what());
    }
}

} // namespace interop::testdevice
