/** Running a batch: the work on one batch under its lease (validate, publish, finalize), the queue and sweep. */
package dev.llmpool.batch.run;
