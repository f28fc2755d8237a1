import { Module } from '@nestjs/common';
import { FilesController } from './files.controller';
import { FileCleanup } from './file-cleanup';

/** Documents over HTTP (POST /files, GET /files/:id) and the hourly removal of uploads never attached. */
@Module({ controllers: [FilesController], providers: [FileCleanup] })
export class FilesModule {}
