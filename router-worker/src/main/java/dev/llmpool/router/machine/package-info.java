/** The router's pure core: (event, state, catalog, now) to a Transition (new state, effects); no I/O, clock or log. */
package dev.llmpool.router.machine;
