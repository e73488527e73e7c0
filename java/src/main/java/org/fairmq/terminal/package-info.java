/** Key presses from the terminal for the interactive monitor and interactive device control. */
package org.fairmq.terminal;
