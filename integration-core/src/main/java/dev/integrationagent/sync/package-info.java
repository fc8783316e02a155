/**
 * Owns the sync engine: one pass of a plan, from reading changes to writing the other side, with
 * links, cursors, parking and the field-level merge.
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.sync;

import javax.annotation.ParametersAreNonnullByDefault;
