// Line protocol of fairmq-interop-peer: one command per line, one reply line per command.
#ifndef INTEROP_PEER_DISPATCHER_H
#define INTEROP_PEER_DISPATCHER_H

#include "Registry.h"

#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <type_traits>
#include <string>
#include <vector>

namespace interop::peer
{

using Args = std::vector<std::string>;

// What a command returns after "OK" (empty: a bare "OK").
using Handler = std::function<std::string(Registry&, const Args&)>;

struct Command
{
    std::string usage;        // argument synopsis, shown on a wrong argument count
    std::size_t minArgs;
    std::size_t maxArgs;      // kUnlimited for variadic commands
    Handler run;
};

inline constexpr std::size_t kUnlimited = static_cast<std::size_t>(-1);

// A failure whose message already names object and problem; reported verbatim after "ERR ".
// Any other exception is reported as "ERR <command> <first argument>: <what()>".
class CompleteError : public std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class Dispatcher
{
  public:
    void add(const std::string& name, Command command);

    // Executes one input line and returns the reply line (without newline). Never throws.
    std::string execute(const std::string& line);

    bool quitRequested() const { return quit_; }
    Registry& registry() { return registry_; }

  private:
    std::map<std::string, Command> commands_;
    Registry registry_;
    bool quit_ = false;
};

// Joins values with single spaces: reply("1", 2) == "1 2".
template <typename... T>
std::string reply(const T&... values)
{
    std::string out;
    auto append = [&out](const auto& v) {
        if (!out.empty()) {
            out += ' ';
        }
        if constexpr (std::is_convertible_v<decltype(v), std::string>) {
            out += v;
        } else {
            out += std::to_string(v);
        }
    };
    (append(values), ...);
    return out;
}

void addSegmentCommands(Dispatcher& d);
void addCounterCommands(Dispatcher& d);
void addManagementCommands(Dispatcher& d);
void addChunkCommands(Dispatcher& d);
void addQueueCommands(Dispatcher& d);
void addMutexCommands(Dispatcher& d);
void addRegionCommands(Dispatcher& d);
void addMiscCommands(Dispatcher& d);
void addLockCommands(Dispatcher& d);

} // namespace interop::peer

#endif // INTEROP_PEER_DISPATCHER_H
