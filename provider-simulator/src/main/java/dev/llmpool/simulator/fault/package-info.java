/** Random fault injection (500s and 429s at configured rates), reproducible from the seed. */
package dev.llmpool.simulator.fault;
