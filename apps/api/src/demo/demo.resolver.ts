import { Inject } from '@nestjs/common';
import { Args, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { TemplateRepository } from '@clusterflow/persistence';
import { DomainError, ErrorCode, notFound } from '@clusterflow/engine';
import { Public } from '../auth/auth.decorators';
import { TokenService } from '@clusterflow/application/auth/token.service';
import { APP_CONFIG } from '@clusterflow/application/config/config.module';
import type { AppConfig } from '@clusterflow/application/config/config';
import { PersonModel } from '../people/models/person.model';
import { DEMO_AGENCY, DEMO_USERS } from '@clusterflow/application/demo/demo-users';

/** A console session started as a demo person: as long as a working day. */
export const DEMO_SIGN_IN_TTL_SECONDS = 12 * 3600;

@ObjectType('DemoSignIn', { description: 'Our addition: a token for a demo person, for the console\'s demo sign-in' })
export class DemoSignInModel {
  @Field(() => String, { description: 'A bearer token for the person, signed with the server\'s own secret' }) token!: string;
  @Field(() => Date, { description: 'When the token expires' }) expiresAt!: Date;
  @Field(() => PersonModel, { description: 'Who it signs in as' }) person!: PersonModel;
}

const personOf = (u: (typeof DEMO_USERS)[number]): PersonModel => ({ userId: u.userId, name: u.name ?? null, email: null, roles: u.roles, lastSeenAt: null });

/**
 * Demo sign-in for the console (contract v2, resolved details): offered when the server mints
 * its own tokens (no JWT_JWKS_URL) and the demo agency exists; refused otherwise with
 * FORBIDDEN. Public: it is how a visitor without a token gets one.
 */
@Resolver()
export class DemoResolver {
  /** Once the demo agency is found it stays (templates are never deleted). */
  private demoExists = false;

  constructor(
    private readonly templates: TemplateRepository,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Query(() => [PersonModel], { description: 'Our addition: the demo agency\'s people to sign in as; FORBIDDEN unless the server mints its own tokens and the demo agency exists' })
  async demoPeople(): Promise<PersonModel[]> {
    await this.offered();
    return DEMO_USERS.map(personOf);
  }

  @Public()
  @Mutation(() => DemoSignInModel, { description: 'Our addition: signs in as a demo person (see demoPeople); NOT_FOUND for anyone else' })
  async demoSignIn(@Args('userId') userId: string): Promise<DemoSignInModel> {
    await this.offered();
    const user = DEMO_USERS.find((u) => u.userId === userId);
    if (!user) throw notFound(`demo person ${JSON.stringify(userId)}`);
    const token = await this.tokens.sign(user, DEMO_SIGN_IN_TTL_SECONDS);
    return { token, expiresAt: new Date(Date.now() + DEMO_SIGN_IN_TTL_SECONDS * 1000), person: personOf(user) };
  }

  private async offered(): Promise<void> {
    if (this.config.jwt.mode !== 'secret') {
      throw new DomainError(ErrorCode.FORBIDDEN, 'demo sign-in is not offered: this server accepts tokens from an identity provider (JWT_JWKS_URL or OIDC_ISSUER)');
    }
    if (!this.demoExists) {
      this.demoExists = await this.templates.hasTemplates(DEMO_AGENCY);
    }
    if (!this.demoExists) throw new DomainError(ErrorCode.FORBIDDEN, `demo sign-in is not offered: there is no demo agency "${DEMO_AGENCY}" on this server`);
  }
}
