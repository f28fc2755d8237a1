import { Module } from '@nestjs/common';
import { TemplatesResolver } from './templates.resolver';
import { TemplateChecker } from './template-checker';
import { TemplatesService } from './templates.service';

@Module({ providers: [TemplatesResolver, TemplatesService, TemplateChecker], exports: [TemplatesService] })
export class TemplatesModule {}
