#include "Dispatcher.h"

#include <exception>
#include <sstream>
#include <utility>

namespace interop::peer
{

namespace
{

Args split(const std::string& line)
{
    std::istringstream in(line);
    Args words;
    for (std::string word; in >> word;) {
        words.push_back(std::move(word));
    }
    return words;
}

} // namespace

void Dispatcher::add(const std::string& name, Command command)
{
    commands_[name] = std::move(command);
}

std::string Dispatcher::execute(const std::string& line)
{
    Args words = split(line);
    if (words.empty()) {
        return "ERR empty command";
    }
    const std::string name = words.front();
    words.erase(words.begin());

    const auto it = commands_.find(name);
    if (it == commands_.end()) {
        return "ERR unknown command '" + name + "'";
    }
    const Command& command = it->second;
    if (words.size() < command.minArgs || words.size() > command.maxArgs) {
        return "ERR " + name + ": usage: " + name + (command.usage.empty() ? "" : " " + command.usage);
    }
    if (name == "quit") {
        quit_ = true;
    }

    const std::string context = words.empty() ? name : name + " " + words.front();
    try {
        const std::string values = command.run(registry_, words);
        return values.empty() ? "OK" : "OK " + values;
    } catch (const CompleteError& e) {
        return std::string("ERR ") + e.what();
    } catch (const std::exception& e) {
        return "ERR " + context + ": " + e.what();
    } catch (...) {
        return "ERR " + context + ": unknown exception";
    }
}

} // namespace interop::peer
