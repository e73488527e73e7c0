// fairmq-interop-peer: executes shared-memory operations read line by line from stdin
// (see interop-tests/README.md for the command list).
#include "Dispatcher.h"

#include <csignal>
#include <exception>
#include <iostream>
#include <string>

int main()
{
    std::signal(SIGPIPE, SIG_IGN);
    try {
        interop::peer::Dispatcher dispatcher;
        interop::peer::addSegmentCommands(dispatcher);
        interop::peer::addCounterCommands(dispatcher);
        interop::peer::addManagementCommands(dispatcher);
        interop::peer::addChunkCommands(dispatcher);
        interop::peer::addQueueCommands(dispatcher);
        interop::peer::addMutexCommands(dispatcher);
        interop::peer::addRegionCommands(dispatcher);
        interop::peer::addMiscCommands(dispatcher);
        interop::peer::addLockCommands(dispatcher);

        std::string line;
        while (!dispatcher.quitRequested() && std::getline(std::cin, line)) {
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            std::cout << dispatcher.execute(line) << std::endl;
        }
        // Leaving scope unmaps every object; nothing is removed.
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "fairmq-interop-peer: " << e.what() << std::endl;
    } catch (...) {
        std::cerr << "fairmq-interop-peer: unknown exception" << std::endl;
    }
    return 1;
}
