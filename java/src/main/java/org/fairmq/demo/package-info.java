/** Runnable demonstrations for the README's first command. */
package org.fairmq.demo;
