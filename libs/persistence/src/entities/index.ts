import { AppStateEntity } from './app-state.entity';
import { ProgrammeTemplateEntity } from './programme-template.entity';

export { AppStateEntity, ProgrammeTemplateEntity };

/** Every entity the ORM maps; the migrations must create exactly these tables. */
export const ENTITIES = [AppStateEntity, ProgrammeTemplateEntity];
