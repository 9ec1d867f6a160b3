import { LOCATION_KINDS, ZONES } from '../../places/places';
import { errors, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

/** Sites and storage locations (read-only for now). */
export const placesApi: ApiFeature = {
	tag: { name: 'places', description: 'Sites et emplacements de stockage.' },
	paths: {
		'/locations': {
			get: {
				operationId: 'listLocations',
				summary: "Les emplacements actifs de l'organisation",
				description: "Triés par site puis par nom. `code` est ce que porte l'étiquette (QR code) de l'emplacement.",
				tags: ['places'],
				'x-roles': 'any',
				parameters: [{ name: 'site', in: 'query', required: false, description: 'Seulement les emplacements de ce site.', schema: uuid }],
				responses: {
					'200': jsonResponse('Les emplacements.', {
						type: 'object',
						required: ['items'],
						properties: { items: { type: 'array', items: ref('Location') } }
					}),
					...errors()
				}
			}
		}
	},
	schemas: {
		Zone: { type: 'string', enum: [...ZONES], description: 'ambient : ambiant ; chilled : frais +4 °C ; frozen : surgelé −18 °C.' },
		Location: {
			type: 'object',
			required: ['id', 'code', 'name', 'kind', 'zone', 'site'],
			properties: {
				id: uuid,
				code: { type: 'string', examples: ['EMP-0007'] },
				name: { type: 'string' },
				kind: { type: 'string', enum: [...LOCATION_KINDS] },
				zone: ref('Zone'),
				site: { type: 'object', required: ['id', 'name'], properties: { id: uuid, name: { type: 'string' } } }
			}
		}
	}
};
