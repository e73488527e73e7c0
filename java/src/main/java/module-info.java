/**
 * fairmq-shmem-java: Java devices, transports and the monitor sharing boost::interprocess shared
 * memory with C++ FairMQ devices (the 2017 protocol and FairMQ v1.9/v1.10, one profile each). Exports the API only; the JavaCPP bindings, the
 * libzmq wrappers, the terminal input, the demos, the interop drivers and the protocol test devices
 * are internal. {@code org.fairmq.protocol} is exported because its {@code ShmNames}, the names of
 * a session's objects, is a parameter of the transport, device, monitor and ipc APIs.
 *
 * <p>The JNI library lives in this module's jar ({@code org/fairmq/bindings/linux-x86_64/}, not a
 * package, so not encapsulated) and JavaCPP's Loader extracts and loads it from there. On the
 * module path a JVM needs {@code --enable-native-access=org.bytedeco.javacpp,org.fairmq.shmem}
 * (JavaCPP's Loader calls System.load; our java.lang.foreign views on JDK 22+) where it needs
 * {@code --enable-native-access=ALL-UNNAMED} on the class path; JDK 24+ warns without it.
 */
module org.fairmq.shmem {
    requires transitive org.slf4j; // Device.log
    requires transitive info.picocli; // a device declares its own options as picocli @Option fields
    requires org.bytedeco.javacpp;
    requires com.fasterxml.jackson.core;
    requires java.xml;
    requires jdk.unsupported; // sun.misc.Signal: SIGINT/SIGTERM as the reference handles them
    // optional: org.fairmq.metrics only, loaded when metrics are asked for (README "Metrics")
    requires static micrometer.core;
    requires static micrometer.registry.prometheus;
    requires static jdk.httpserver;

    exports org.fairmq.transport;
    exports org.fairmq.transport.shmem;
    exports org.fairmq.transport.zeromq;
    exports org.fairmq.device;
    exports org.fairmq.device.config;
    exports org.fairmq.device.builtin;
    exports org.fairmq.monitor;
    exports org.fairmq.ipc;
    exports org.fairmq.protocol;
    exports org.fairmq.protocol.v110;
    exports org.fairmq.profile;
    exports org.fairmq.transport.shmem.v110;
    exports org.fairmq.monitor.v110;
    exports org.fairmq.metrics;

    // picocli sets the @Option fields of the device options and of every device by reflection.
    opens org.fairmq.device to info.picocli;
    opens org.fairmq.device.builtin to info.picocli;
    opens org.fairmq.device.testdevice to info.picocli;
    opens org.fairmq.demo to info.picocli;
}
