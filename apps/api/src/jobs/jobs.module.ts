import { Module, type DynamicModule } from '@nestjs/common';
import { JOB_RUNNER_OPTIONS, JobRunnerService, type JobRunnerOptions } from './job-runner.service';

/** The job queue's workers in this server process (WORKERS). */
@Module({})
export class JobsModule {
  static forRoot(options: JobRunnerOptions): DynamicModule {
    return { module: JobsModule, providers: [{ provide: JOB_RUNNER_OPTIONS, useValue: options }, JobRunnerService], exports: [JobRunnerService] };
  }
}
