import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import { authorize } from '../auth/policy';
import type { Principal } from '@clusterflow/application/auth/principal';
import { PersonInput } from './dto/person.input';
import { PersonModel } from './models/person.model';
import { PeopleService } from '@clusterflow/application/people/people.service';

@Resolver(() => PersonModel)
export class PeopleResolver {
  constructor(private readonly service: PeopleService) {}

  @Query(() => [PersonModel], { description: 'The agency\'s people, by name; those holding `role` when given' })
  people(@CurrentUser() user: Principal, @Args('role', { type: () => String, nullable: true }) role?: string | null): Promise<PersonModel[]> {
    return this.service.list(user.agency, role);
  }

  @Mutation(() => PersonModel, { description: 'Enters or corrects a person, e.g. one who has not signed in yet (agency_admin); a later sign-in updates them from the token' })
  upsertPerson(@CurrentUser() user: Principal, @Args('input', { type: () => PersonInput }) input: PersonInput): Promise<PersonModel> {
    authorize(user, 'person.upsert');
    return this.service.upsert(user.agency, input);
  }
}
