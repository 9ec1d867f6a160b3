import { PREPARE_PARCELS } from '$lib/permissions';
import { errors, jsonBody, jsonResponse, ref, uuid, type ApiFeature } from '../oas';

const parcelId = { name: 'id', in: 'path', required: true, schema: uuid, description: 'Le colis.' };
const unit = { type: 'string', enum: ['piece', 'kg', 'litre'] };
const status = { type: 'string', enum: ['expected', 'preparing', 'prepared', 'handed_over', 'absent', 'not_collected'] };

/** Preparing parcels on the tablet (issue 14, item 4; docs/parcels.md "Preparing"). */
export const parcelPrepareApi: ApiFeature = {
	tag: {
		name: 'parcel-prepare',
		description:
			'Préparer les colis : la liste de prélèvement (lots proches de leur date d’abord, puis FEFO ; jamais une DLC passée), les lots scannés mis dans le colis, les retraits, « Colis prêt », l’étiquette. Un foyer n’y est que sa référence et son prénom.'
	},
	paths: {
		'/parcels/to-prepare': {
			get: {
				operationId: 'listParcelsToPrepare',
				summary: 'Les colis des distributions du jour (tous les sites) : à préparer, en cours, prêts',
				tags: ['parcel-prepare'],
				'x-roles': PREPARE_PARCELS,
				parameters: [
					{ name: 'day', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'Le jour (AAAA-MM-JJ) ; absent : aujourd’hui.' }
				],
				responses: {
					'200': jsonResponse('Le jour et ses colis.', {
						type: 'object',
						required: ['day', 'parcels'],
						properties: { day: { type: 'string', format: 'date' }, parcels: { type: 'array', items: ref('ParcelToPrepare') } }
					}),
					...errors(400)
				}
			}
		},
		'/parcels/{id}/pick-list': {
			get: {
				operationId: 'getParcelPickList',
				summary: 'La liste de prélèvement d’un colis',
				description:
					'La composition du jour adaptée aux personnes du colis (le froid en dernier). Pour chaque ligne : la cible (pièces, ou grammes pour une ligne en kg), ce qui est déjà pris, les lots proposés (emplacement, date ; `near` : proche de sa date, à prendre d’abord ; `substitute` : d’une catégorie voisine, la catégorie de la ligne manque), ce qui manque. Stock proposé : tous les sites de l’organisation, jamais un lot déjà dans un colis.',
				tags: ['parcel-prepare'],
				'x-roles': PREPARE_PARCELS,
				parameters: [parcelId],
				responses: { '200': jsonResponse('La liste.', ref('PickList')), ...errors(404) }
			}
		},
		'/parcels/{id}/picks': {
			post: {
				operationId: 'pickIntoParcel',
				summary: 'Mettre un lot scanné dans le colis',
				description:
					'Comme un scan sur la tablette. Vérifie le lot (de l’organisation, pas déjà dans un colis, pas bloqué, pas vide, DLC non passée, DDM dans son délai), sa catégorie (une ligne pas encore complète ; une catégorie voisine seulement si celle de la ligne manque) et la quantité (jamais plus que ce qui manque, ni que le lot). Le lot est verrouillé : deux préparateurs ne prennent jamais les mêmes dernières unités. Refus (rien ne change) : 404 `lot_not_found`, `pk_parcel_not_found` ; 409 `pk_wrong_category`, `dlc_past`, `ddm_too_old`, `lot_blocked`, `lot_empty`, `pk_lot_in_parcel`, `pk_line_full`, `pk_own_first`, `pk_too_much`, `pk_no_right`, `pk_parcel_handed_over`, `pk_day_closed`.',
				tags: ['parcel-prepare'],
				'x-roles': PREPARE_PARCELS,
				parameters: [parcelId],
				requestBody: jsonBody({
					type: 'object',
					required: ['code'],
					properties: {
						code: { type: 'string', maxLength: 300, description: 'Ce que le lecteur lit sur l’étiquette du lot : L-000123 ou le contenu de son QR.' },
						quantity: {
							type: ['integer', 'null'],
							minimum: 1,
							description: 'Dans l’unité de base du lot (pièces, ou grammes d’un produit au kg). Absent : 1 pièce, ou ce qui manque à une ligne en kg.'
						},
						templateLineId: {
							...uuid,
							type: ['string', 'null'],
							description: 'La ligne à remplir, quand un produit va dans plusieurs ; absent : la première qui manque.'
						}
					}
				}),
				responses: { '201': jsonResponse('Ce qui a été mis dans le colis.', ref('ParcelPick')), ...errors(400, 404, 409, 415) }
			}
		},
		'/parcels/{id}/picks/{lineId}': {
			delete: {
				operationId: 'unpickFromParcel',
				summary: 'Reprendre ce qui a été mis dans le colis (une erreur)',
				description:
					'Toute la ligne prise : les produits retournent là où ils ont été pris (mouvement `move`, raison `parcel_return`). Refusé quand le colis est remis ou la distribution fermée.',
				tags: ['parcel-prepare'],
				'x-roles': PREPARE_PARCELS,
				parameters: [parcelId, { name: 'lineId', in: 'path', required: true, schema: uuid, description: 'La ligne prise (`pickedLines[].id` de la liste).' }],
				responses: {
					'200': jsonResponse('Ce qui est revenu.', {
						type: 'object',
						required: ['quantity', 'lotCode'],
						properties: { quantity: { type: 'integer' }, lotCode: { type: 'string' } }
					}),
					...errors(404, 409)
				}
			}
		},
		'/parcels/{id}/ready': {
			post: {
				operationId: 'markParcelReady',
				summary: '« Colis prêt »',
				description:
					'Le colis est préparé, même s’il manque quelque chose (ce qui manque est écrit au journal). `cold` : il a une partie froide. Refus : rien de pris (409 `pk_nothing_picked`), déjà prêt (409 `pk_already_prepared`).',
				tags: ['parcel-prepare'],
				'x-roles': PREPARE_PARCELS,
				parameters: [parcelId],
				responses: {
					'200': jsonResponse('Le colis prêt.', {
						type: 'object',
						required: ['code', 'cold', 'missing'],
						properties: {
							code: { type: 'string' },
							cold: { type: 'boolean' },
							missing: {
								type: 'array',
								items: {
									type: 'object',
									required: ['category', 'unit', 'missing'],
									properties: { category: { type: 'string' }, unit: { type: 'string', enum: ['piece', 'kg'] }, missing: { type: 'integer' } }
								}
							}
						}
					}),
					...errors(404, 409)
				}
			}
		},
		'/parcels/{id}/label': {
			get: {
				operationId: 'getParcelLabel',
				summary: 'Les données de l’étiquette d’un colis',
				description: 'Le code du colis (et son QR en SVG), la référence et le prénom du foyer seulement, le jour, FROID, le nombre de personnes.',
				tags: ['parcel-prepare'],
				'x-roles': PREPARE_PARCELS,
				parameters: [parcelId],
				responses: { '200': jsonResponse('L’étiquette.', ref('ParcelLabel')), ...errors(404) }
			}
		}
	},
	schemas: {
		ParcelToPrepare: {
			type: 'object',
			required: ['id', 'code', 'reference', 'firstName', 'persons', 'status', 'cold', 'siteName', 'day'],
			properties: {
				id: uuid,
				code: { type: 'string' },
				reference: { type: 'string' },
				firstName: { type: 'string' },
				persons: { type: 'integer' },
				status,
				cold: { type: 'boolean' },
				slot: { type: ['string', 'null'] },
				siteName: { type: 'string' },
				day: { type: 'string', format: 'date' }
			}
		},
		PickList: {
			type: 'object',
			required: ['parcel', 'today', 'nearDays', 'lines', 'complete', 'open'],
			properties: {
				parcel: { type: 'object' },
				today: { type: 'string', format: 'date' },
				nearDays: { type: 'integer' },
				complete: { type: 'boolean' },
				open: { type: 'boolean', description: 'Le colis peut encore être préparé ; sinon `refusal` dit pourquoi.' },
				refusal: { type: ['string', 'null'] },
				lines: {
					type: 'array',
					items: {
						type: 'object',
						required: ['id', 'categoryName', 'unit', 'cold', 'target', 'picked', 'remaining', 'pickedLines', 'proposals', 'missing', 'short'],
						properties: {
							id: uuid,
							categoryId: uuid,
							categoryName: { type: 'string' },
							unit: { type: 'string', enum: ['piece', 'kg'] },
							cold: { type: 'boolean' },
							target: { type: 'integer', description: 'Pièces, ou grammes pour une ligne en kg.' },
							picked: { type: 'integer' },
							remaining: { type: 'integer' },
							missing: { type: 'integer', description: 'Ce que même les lots proposés ne donnent pas.' },
							short: { type: 'boolean', description: 'La catégorie de la ligne manque : des remplacements sont proposés.' },
							pickedLines: { type: 'array', items: { type: 'object' } },
							proposals: {
								type: 'array',
								items: { type: 'object', properties: { lotId: uuid, code: { type: 'string' }, quantity: { type: 'integer' }, unit } }
							}
						}
					}
				}
			}
		},
		ParcelPick: {
			type: 'object',
			required: ['parcelLineId', 'lotCode', 'productName', 'quantity', 'unit', 'categoryName', 'substitute', 'remaining'],
			properties: {
				parcelLineId: uuid,
				lotCode: { type: 'string' },
				productName: { type: 'string' },
				quantity: { type: 'integer' },
				unit,
				categoryName: { type: 'string' },
				substitute: { type: 'boolean' },
				remaining: { type: 'integer' }
			}
		},
		ParcelLabel: {
			type: 'object',
			required: ['code', 'qr', 'reference', 'firstName', 'day', 'siteName', 'cold', 'persons', 'status'],
			properties: {
				code: { type: 'string' },
				qr: { type: 'string', description: 'Le QR du code du colis, en SVG.' },
				reference: { type: 'string' },
				firstName: { type: 'string' },
				day: { type: 'string', format: 'date' },
				siteName: { type: 'string' },
				cold: { type: 'boolean' },
				persons: { type: 'integer' },
				slot: { type: ['string', 'null'] },
				status
			}
		}
	}
};
