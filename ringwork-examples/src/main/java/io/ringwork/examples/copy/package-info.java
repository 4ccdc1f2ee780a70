/**
 * Sample: a file copy as chains on the reactor, the handles and byte counts flowing through the chain's registers.
 */
package io.ringwork.examples.copy;
