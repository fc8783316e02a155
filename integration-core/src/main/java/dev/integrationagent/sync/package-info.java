/**
 * Owns the sync engine: one pass of a plan, from reading changes to writing the other side, with
 * links, cursors, parking and the field-level merge. The pass is told by {@code PlanRunner}; each
 * item's decision is a value computed without I/O ({@code Decisions}) and acted on by an executor
 * that records the new state and the events describing it in one store transaction ({@code Outbox}).
 */
@ParametersAreNonnullByDefault
package dev.integrationagent.sync;

import javax.annotation.ParametersAreNonnullByDefault;
