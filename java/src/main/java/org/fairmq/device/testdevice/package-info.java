/** The test devices of the reference's protocol suite (PROTOCOL.md 8), picked by id prefix by {@link org.fairmq.device.testdevice.TestDeviceMain}. */
package org.fairmq.device.testdevice;
