import { Module } from '@nestjs/common';
import { FilesController } from './files.controller';

/** Documents over HTTP (POST /files, GET /files/:id); the hourly removal of uploads never attached is a job (file-jobs.ts). */
@Module({ controllers: [FilesController] })
export class FilesModule {}
