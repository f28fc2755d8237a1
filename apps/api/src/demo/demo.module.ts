import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TemplatesModule } from '../templates/templates.module';
import { DemoResolver } from './demo.resolver';
import { DemoService } from './demo.service';

@Module({ imports: [AuthModule, TemplatesModule], providers: [DemoService, DemoResolver], exports: [DemoService] })
export class DemoModule {}
