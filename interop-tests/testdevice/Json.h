// A small JSON reader for the channel configuration files of PROTOCOL.md 6.2.1. Objects keep their
// keys in order and may repeat them (Boost property_tree accepts "device": {...} several times).
#ifndef INTEROP_TESTDEVICE_JSON_H
#define INTEROP_TESTDEVICE_JSON_H

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace interop::testdevice
{

class JsonValue
{
  public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind = Kind::Null;
    std::string text;                                     // String, Number (as written), Bool ("true"/"false")
    std::vector<JsonValue> items;                         // Array
    std::vector<std::pair<std::string, JsonValue>> members;  // Object, in order, keys may repeat

    // The first member named `key`, or nullptr.
    const JsonValue* find(const std::string& key) const;
    // Every member named `key`, in order.
    std::vector<const JsonValue*> all(const std::string& key) const;
    // A scalar as text (property_tree stores every scalar as text); throws for arrays/objects.
    std::string scalar() const;
};

class JsonError : public std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// Parses a whole document; throws JsonError "<what> at line <l>, column <c>".
JsonValue parseJson(const std::string& text);

} // namespace interop::testdevice

#endif // INTEROP_TESTDEVICE_JSON_H
