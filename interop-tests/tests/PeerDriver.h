// Talks to one fairmq-interop-peer process: one command line in, one reply line out.
#ifndef INTEROP_TESTS_PEERDRIVER_H
#define INTEROP_TESTS_PEERDRIVER_H

#include "ChildProcess.h"

#include <chrono>
#include <stdexcept>
#include <string>

namespace interop::test
{

class PeerDriver
{
  public:
    PeerDriver() : process_(INTEROP_PEER_PATH, {}) {}

    // Sends a command and returns its reply line; throws if no reply arrives in time.
    std::string operator()(const std::string& command, std::chrono::milliseconds timeout = std::chrono::seconds(20))
    {
        process_.writeLine(command);
        auto line = process_.readLine(timeout);
        if (!line) {
            throw std::runtime_error("no reply from peer to '" + command + "'");
        }
        return *line;
    }

    ChildProcess& process() { return process_; }

  private:
    ChildProcess process_;
};

// The text after "OK " of a successful reply (throws if the reply is not OK).
inline std::string okValue(const std::string& reply)
{
    if (reply.rfind("OK ", 0) != 0) {
        throw std::runtime_error("expected an OK reply with a value, got '" + reply + "'");
    }
    return reply.substr(3);
}

} // namespace interop::test

#endif // INTEROP_TESTS_PEERDRIVER_H
