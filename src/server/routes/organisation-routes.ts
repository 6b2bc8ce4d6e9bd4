import { z } from 'zod';
import {
  developerOrganisationSchema,
  organisationSchema,
  partnerOrganisationSchema,
} from '../../programme/index.js';
import { programmeData } from '../data/programme-data.js';
import { defineRoute, type Route } from './route.js';
import { programme } from './shared/programme-resource.js';
import { routeTools } from './shared/tools.js';
import { recordChange } from './shared/record-change.js';

const newOrganisationBody = z.discriminatedUnion('kind', [
  developerOrganisationSchema,
  partnerOrganisationSchema,
]);

/** Organisations, administered by a security officer (`account.administer`). */
export function organisationRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/organisations',
      tag: 'Administration',
      summary: 'Every organisation: agencies, developers, partners',
      access: 'signed-in',
      actions: ['account.administer'],
      response: {
        status: 200,
        schema: z.object({ organisations: z.array(organisationSchema) }).strict(),
        description: 'The organisations.',
      },
      handler: async ({ context }) => {
        const { data, guard } = routeTools(context);
        await guard.require('account.administer', programme);
        return { organisations: await data.organisations.list() };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/organisations',
      tag: 'Administration',
      summary: 'Add a developer or partner organisation',
      description:
        'Agencies are seed data (which agencies must sign the criteria is data, not code); developers and trusted partners are added here.',
      access: 'signed-in',
      actions: ['account.administer'],
      body: newOrganisationBody,
      response: { status: 201, schema: organisationSchema, description: 'The organisation.' },
      problems: ['conflict'],
      handler: async ({ context, body }) => {
        const { services, guard, now, actor } = routeTools(context);
        await guard.require('account.administer', programme);
        await services.store.transaction(async (tx) => {
          await programmeData(tx).organisations.insert(body, now());
          await recordChange(
            services,
            actor,
            {
              action: 'organisation.create',
              objectId: body.id,
              details: { kind: body.kind },
            },
            tx,
          );
        });
        return body;
      },
    }),
  ];
}
