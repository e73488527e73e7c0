package org.fairmq.device.builtin;

import picocli.CommandLine.Option;

/** The options of the forwarding devices (splitter, merger, proxy; PROTOCOL.md 6.7). A picocli mixin. */
final class ForwardingOptions {
    @Option(names = "--in-channel", defaultValue = "data-in", description = "Name of the input channel")
    String inChannel;

    @Option(names = "--out-channel", defaultValue = "data-out", description = "Name of the output channel")
    String outChannel;

    @Option(names = "--multipart", defaultValue = "1", description = "Handle multipart payloads")
    int multipart;
}
