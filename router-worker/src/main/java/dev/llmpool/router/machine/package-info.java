/** The router's pure core: (event, state, catalog, now) to (new state, effects); no I/O, no clock, no logging. */
package dev.llmpool.router.machine;
