import { AppStateEntity } from './app-state.entity';

export { AppStateEntity };

/** Every entity the ORM maps; the migrations must create exactly these tables. */
export const ENTITIES = [AppStateEntity];
