/**
 * Helpers shared by Ringwork's tests: a child-JVM launcher and temporary /dev/shm directories.
 */
package io.ringwork.testsupport;
