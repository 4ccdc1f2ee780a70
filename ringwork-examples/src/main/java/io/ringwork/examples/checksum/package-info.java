/**
 * Sample: CRC-32C of every file of a directory tree, one virtual thread per file, all through one ring.
 */
package io.ringwork.examples.checksum;
