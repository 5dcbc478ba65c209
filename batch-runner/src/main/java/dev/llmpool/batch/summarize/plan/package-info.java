/**
 * What a pipeline will do, decided before any call and from its inputs alone: options, the models of each stage,
 * each document's chunks and reduce tree, the prompts, the run's keys and the dry run's estimate. Pure.
 */
package dev.llmpool.batch.summarize.plan;
