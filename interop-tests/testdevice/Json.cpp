#include "Json.h"

#include <cctype>
#include <cstddef>

namespace interop::testdevice
{

const JsonValue* JsonValue::find(const std::string& key) const
{
    for (const auto& [name, value] : members) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

std::vector<const JsonValue*> JsonValue::all(const std::string& key) const
{
    std::vector<const JsonValue*> out;
    for (const auto& [name, value] : members) {
        if (name == key) {
            out.push_back(&value);
        }
    }
    return out;
}

std::string JsonValue::scalar() const
{
    if (kind == Kind::Array || kind == Kind::Object) {
        throw JsonError("expected a scalar value, found an " + std::string(kind == Kind::Array ? "array" : "object"));
    }
    return text;
}

namespace
{

class Parser
{
  public:
    explicit Parser(const std::string& text) : s_(text) {}

    JsonValue document()
    {
        JsonValue v = value();
        skipSpace();
        if (pos_ != s_.size()) {
            fail("unexpected text after the document");
        }
        return v;
    }

  private:
    [[noreturn]] void fail(const std::string& what) const
    {
        std::size_t line = 1;
        std::size_t column = 1;
        for (std::size_t i = 0; i < pos_ && i < s_.size(); ++i) {
            if (s_[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw JsonError(what + " at line " + std::to_string(line) + ", column " + std::to_string(column));
    }

    void skipSpace()
    {
        while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) {
            ++pos_;
        }
    }

    char peek()
    {
        skipSpace();
        if (pos_ >= s_.size()) {
            fail("unexpected end of document");
        }
        return s_[pos_];
    }

    void expect(char c)
    {
        if (peek() != c) {
            fail(std::string("expected '") + c + "'");
        }
        ++pos_;
    }

    JsonValue value()
    {
        const char c = peek();
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            return array();
        }
        JsonValue v;
        if (c == '"') {
            v.kind = JsonValue::Kind::String;
            v.text = string();
        } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
            v.kind = JsonValue::Kind::Number;
            const std::size_t start = pos_;
            while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-'
                                        || s_[pos_] == '+' || s_[pos_] == '.')) {
                ++pos_;
            }
            v.text = s_.substr(start, pos_ - start);
        } else if (s_.compare(pos_, 4, "true") == 0 || s_.compare(pos_, 5, "false") == 0) {
            v.kind = JsonValue::Kind::Bool;
            v.text = s_[pos_] == 't' ? "true" : "false";
            pos_ += v.text.size();
        } else if (s_.compare(pos_, 4, "null") == 0) {
            pos_ += 4;
        } else {
            fail(std::string("unexpected character '") + c + "'");
        }
        return v;
    }

    JsonValue object()
    {
        JsonValue v;
        v.kind = JsonValue::Kind::Object;
        expect('{');
        if (peek() == '}') {
            ++pos_;
            return v;
        }
        for (;;) {
            if (peek() != '"') {
                fail("expected a member name");
            }
            std::string key = string();
            expect(':');
            v.members.emplace_back(std::move(key), value());
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect('}');
            return v;
        }
    }

    JsonValue array()
    {
        JsonValue v;
        v.kind = JsonValue::Kind::Array;
        expect('[');
        if (peek() == ']') {
            ++pos_;
            return v;
        }
        for (;;) {
            v.items.push_back(value());
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(']');
            return v;
        }
    }

    // A string literal; \uXXXX escapes are kept only for ASCII (configuration files are ASCII).
    std::string string()
    {
        expect('"');
        std::string out;
        while (pos_ < s_.size() && s_[pos_] != '"') {
            char c = s_[pos_++];
            if (c == '\\') {
                if (pos_ >= s_.size()) {
                    break;
                }
                const char e = s_[pos_++];
                switch (e) {
                    case 'n': c = '\n'; break;
                    case 't': c = '\t'; break;
                    case 'r': c = '\r'; break;
                    case 'b': c = '\b'; break;
                    case 'f': c = '\f'; break;
                    case 'u': {
                        if (pos_ + 4 > s_.size()) {
                            fail("truncated \\u escape");
                        }
                        const unsigned long code = std::stoul(s_.substr(pos_, 4), nullptr, 16);
                        pos_ += 4;
                        if (code > 0x7f) {
                            fail("non-ASCII \\u escape");
                        }
                        c = static_cast<char>(code);
                        break;
                    }
                    default: c = e; break;  // \" \\ \/
                }
            }
            out.push_back(c);
        }
        if (pos_ >= s_.size()) {
            fail("unterminated string");
        }
        ++pos_;
        return out;
    }

    const std::string& s_;
    std::size_t pos_ = 0;
};

} // namespace

JsonValue parseJson(const std::string& text) { return Parser(text).document(); }

} // namespace interop::testdevice
