/**
 * What Java and the C++ interop peers (interop-tests/) agree on to check each other: payload
 * patterns, message sizes, checksums, and a driver for the line-protocol peer.
 */
package org.fairmq.interop;
