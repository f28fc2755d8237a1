import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Viewer')
export class ViewerModel {
  @Field(() => String) userId!: string;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String) agency!: string;
  @Field(() => [String]) roles!: string[];
}
